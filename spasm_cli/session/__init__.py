"""The session core: segments, the timeline, the engine and its clock, events, keys, the trace."""
