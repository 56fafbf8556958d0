using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Ociman.Docs.Tests.Support;

/// <summary>Runs the <c>dotnet</c> CLI as a child process, as a user's shell would: without this test run's MSBuild state.</summary>
public static class DotNet
{
    /// <summary>The <c>dotnet</c> host this runtime belongs to (the runtime directory is three levels below it).</summary>
    private static string Host
    {
        get
        {
            var runtime = new DirectoryInfo(RuntimeEnvironment.GetRuntimeDirectory().TrimEnd(Path.DirectorySeparatorChar));
            var host = Path.Combine(runtime.Parent!.Parent!.Parent!.FullName, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
            return File.Exists(host) ? host : "dotnet";
        }
    }

    /// <summary>
    /// Runs <c>dotnet <paramref name="arguments"/></c> in <paramref name="workingDirectory"/> and returns its exit code and
    /// output (stdout then stderr). No build server or MSBuild node outlives it. Killed (with its children) when
    /// <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(
        IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string>? environment, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(Host)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        // The test host runs under MSBuild and VSTest variables that would steer a nested build; a user's shell has none.
        foreach (var name in info.Environment.Keys.Where(IsTestRunState).ToList())
        {
            info.Environment.Remove(name);
        }

        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        info.Environment["UseSharedCompilation"] = "false";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {Host}");
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    private static bool IsTestRunState(string name) =>
        name.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("TESTINGPLATFORM", StringComparison.OrdinalIgnoreCase)
        || name.Equals("DOTNET_HOST_PATH", StringComparison.OrdinalIgnoreCase)
        || name.Equals("NUGET_PACKAGES", StringComparison.OrdinalIgnoreCase);
}
