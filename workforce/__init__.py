"""Vietnamese residents (ISA) and workers (MHLW) in Japan's 47 prefectures: the domain package.

Nothing here imports Streamlit except `workforce.ui`.
"""
