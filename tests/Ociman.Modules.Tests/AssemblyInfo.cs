// The modules' specs start real database servers: one test class at a time keeps a 2-core machine responsive.
[assembly: Xunit.v3.Parallelization(Mode = Xunit.Sdk.ParallelMode.None)]
