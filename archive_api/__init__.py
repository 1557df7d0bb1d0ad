"""archive_api: an archival document service for OCR'd Turkish scholarly texts."""
