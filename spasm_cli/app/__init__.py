"""What the commands do, wired from the parts: running a session, the routine catalogue, the doctor."""
