"""The session builder: the one place that turns settings, a show plan or a replay into a
running session (sources, processors, the engine)."""
