"""Reading published inspection reports (PDF or text) into structured records with provenance.

``text`` extracts page text (pypdfium2), ``normalise`` repairs extraction noise, ``classify`` says which
framework and document type a document is, ``extract`` holds one reader per report family.
"""

PARSER_VERSION = "1.1.0"  # 1.1: the text of every page is stored for search
