"""The legal library: national laws, case law and treaties as data records, stored and searched offline."""
