// The tests start real containers and child test runs: one at a time keeps a 2-core machine responsive and the
// fixture-sharing checks deterministic.
[assembly: Xunit.v3.Parallelization(Mode = Xunit.Sdk.ParallelMode.None)]
