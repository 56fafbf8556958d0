// Three database servers at once on a 2-core machine gain nothing: one class at a time.
[assembly: Xunit.v3.Parallelization(Mode = Xunit.Sdk.ParallelMode.None)]
