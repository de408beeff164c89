"""`claimcheck serve`: a local web page for people who do not use a terminal.

Paste a draft or drop a file (.docx, .md, .html, .txt) and get back the annotated HTML report and,
for Word drafts and pasted text, a download of the draft with one Word comment per finding. The
server listens on 127.0.0.1 only, has no accounts and keeps nothing beyond the run: uploads are
read in memory and annotated copies are held in memory until the server stops.

Starlette and uvicorn are an optional extra: `pip install 'claimcheck-health[serve]'`.
"""
