"""Program measures as data, and the engine that evaluates them: plain Python, no Django.

`definitions` holds each measure as a frozen dataclass (published versions are pinned by hash in
`published.json`); `periods` the reporting periods; `facts` the plain rows a measure reads; `engine`
turns a definition and those rows into a numerator, a denominator and what was excluded and why.
"""
