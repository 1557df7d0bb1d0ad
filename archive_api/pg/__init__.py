"""The PostgreSQL side of the archive: the same records and analysed forms as the embedded
index, held in a database that several API nodes and its replicas can share."""
