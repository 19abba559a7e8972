"""Local OpenStack stack for the demo and the test fixtures (one code path).

Every server binds to 127.0.0.1 on a free port and runs from a stack folder;
`Stack` stops whatever it started, also on Ctrl-C, on test failure, and (via
PR_SET_PDEATHSIG) when the launching process dies.
"""
