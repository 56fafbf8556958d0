using System.Reflection;

namespace Ociman.Testing.XunitV3.Tests.Support;

/// <summary>Where the child projects these tests run were built (the same configuration as these tests).</summary>
internal static class Paths
{
    public static string Configuration { get; } = Metadata("Configuration");

    public static string TestsDirectory { get; } = Metadata("TestsDirectory");

    public static string SampleProject { get; } =
        Path.Combine(TestsDirectory, "Ociman.Testing.XunitV3.NoEngineSample", "Ociman.Testing.XunitV3.NoEngineSample.csproj");

    public static string CrashChild { get; } =
        Path.Combine(TestsDirectory, "Ociman.Testing.CrashChild", "bin", Configuration, "net10.0", "Ociman.Testing.CrashChild.dll");

    private static string Metadata(string key) =>
        typeof(Paths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value
        ?? throw new InvalidOperationException($"assembly metadata {key} is missing");
}
