from workforce.cli import main

raise SystemExit(main())
