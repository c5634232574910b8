"""The only modules besides the pages that import streamlit."""
