"""The LifeOS Streamlit app: ``app.py`` routes and frames, ``pages/`` are thin scripts.

Run it with ``streamlit run dashboards/app.py``. Pages call ``lifeos_core`` services only;
they never run SQL.
"""
