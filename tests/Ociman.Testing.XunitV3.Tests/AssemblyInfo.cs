// The tests start real containers and child test runs: one at a time keeps a 2-core machine responsive and the
// fixture-sharing checks deterministic.
#if XUNIT_V3_3
// xunit.v3 3.x (the adapter's floor, -p:XunitV3Version=3.x) has no Parallelization attribute yet.
[assembly: Xunit.CollectionBehavior(DisableTestParallelization = true)]
#else
[assembly: Xunit.v3.Parallelization(Mode = Xunit.Sdk.ParallelMode.None)]
#endif
