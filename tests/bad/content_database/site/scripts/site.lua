-- a SQLite database (a copy of the ledger) in content/
return { theme = "t", baseurl = "https://example.org/" }
