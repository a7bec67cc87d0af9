"""Report tables and their files (CSV, XLSX, PDF) from ``app.services.reports`` results."""
