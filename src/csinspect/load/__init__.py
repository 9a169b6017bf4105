"""The load wing: the one part of csinspect that writes what it reads into the store.

Every pipeline here has the same shape: find the files, read each with its (pure) reader from
``csinspect.sources``, resolve authorities, write idempotently in one transaction per file, and report what
happened as a ``FileOutcome`` (one per file). A file that fails for any reason is recorded with its reason and
the run goes on. The faces (CLI, web) open the database session and pass it in.

- ``official``: Ofsted's and DfE's published tables (authorities, neighbours, inspection outcomes, indicators)
- ``reports``: inspection report documents (PDF or text) into inspection records
- ``returns``: a council's child-level returns, pseudonymised, into the parquet store
"""
