using System.Reflection;

namespace Ociman.Testing.Xunit.Tests;

/// <summary>Where the repository and the outputs of the child projects are.</summary>
public static class Repository
{
    /// <summary>The build configuration of this test assembly (the child projects are built in the same one).</summary>
    public static string Configuration { get; } = typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "Configuration").Value!;

    /// <summary>The repository root: the first directory above the test assembly that holds the solution.</summary>
    public static string Root { get; } = FindRoot();

    public static string CrashChildDll => Path.Combine(Root, "tests", "Ociman.Testing.CrashChild", "bin", Configuration, "net10.0", "Ociman.Testing.CrashChild.dll");

    public static string NoEngineSampleProject => Path.Combine(Root, "tests", "Ociman.Testing.Xunit.NoEngineSample", "Ociman.Testing.Xunit.NoEngineSample.csproj");

    /// <summary>The dotnet host running these tests (the test host is started by it).</summary>
    public static string DotNet => Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet";

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Ociman.Testing.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Ociman.Testing.sln above {AppContext.BaseDirectory}.");
    }
}
