"""Runtime infrastructure the domain apps rely on: units of work, dates, logging, storage, MongoDB apps."""
