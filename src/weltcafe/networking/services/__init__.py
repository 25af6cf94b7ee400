"""Every write of networking, one module per area: profiles, contacts (requests and answers), notes, erasure (the
hook privacy calls). Keyword-only, typed; each service owns its transaction."""
