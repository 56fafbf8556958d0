using System.Diagnostics;
using System.Text;
using System.Xml.Linq;

namespace Ociman.Testing.XunitV3.Tests.Support;

/// <summary>The result of a child process.</summary>
internal sealed record ChildResult(int ExitCode, string Output);

/// <summary>One test result read from a TRX file.</summary>
internal sealed record TrxResult(string Name, string Outcome, string Message);

/// <summary>Runs child processes (the sample test project, the crash child) and reads their results.</summary>
internal static class Children
{
    private const string DotnetPath = "/usr/share/dotnet/dotnet";

    /// <summary>The <c>dotnet</c> host: by full path, so it is found without <c>PATH</c>.</summary>
    public static string Dotnet { get; } = File.Exists(DotnetPath) ? DotnetPath : Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";

    /// <summary>An environment with only what <c>dotnet</c> needs, so nothing of this test run leaks into the child.</summary>
    public static Dictionary<string, string> CleanEnvironment(string path)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["PATH"] = path,
            ["HOME"] = Environment.GetEnvironmentVariable("HOME") ?? "/root",
            ["DOTNET_NOLOGO"] = "1",
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
        };
        foreach (var name in new[] { "XDG_CACHE_HOME", "NUGET_PACKAGES", "DOCKER_HOST", "CONTAINER_HOST", "XDG_RUNTIME_DIR" })
        {
            if (Environment.GetEnvironmentVariable(name) is { Length: > 0 } value)
            {
                environment[name] = value;
            }
        }

        return environment;
    }

    /// <summary>A clean environment for a child that must use this run's engine (<c>OCIMAN_BACKEND</c>) and may not skip.</summary>
    /// <param name="reaper">Whether the child's session reaper may start (off to test the sweep of the next session).</param>
    public static Dictionary<string, string> EngineEnvironment(bool reaper = true)
    {
        var environment = CleanEnvironment(Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin");
        environment["OCIMAN_REQUIRE_ENGINE"] = "1";
        if (!reaper)
        {
            environment[SessionReaper.DisableVariable] = "0";
        }

        if (Environment.GetEnvironmentVariable("OCIMAN_BACKEND") is { Length: > 0 } backend)
        {
            environment["OCIMAN_BACKEND"] = backend;
        }

        return environment;
    }

    /// <summary>Starts a process with exactly <paramref name="environment"/>.</summary>
    public static Process Start(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        info.Environment.Clear();
        foreach (var (name, value) in environment)
        {
            info.Environment[name] = value;
        }

        return Process.Start(info) ?? throw new InvalidOperationException($"could not start {fileName}");
    }

    /// <summary>Runs a process to its end (killing it after <paramref name="timeout"/>) and returns its exit code and output.</summary>
    public static async Task<ChildResult> RunAsync(string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var process = Start(fileName, arguments, environment);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            throw new TimeoutException($"{fileName} {string.Join(' ', arguments)} did not finish in {timeout}:\n{await stdout}\n{await stderr}");
        }

        return new ChildResult(process.ExitCode, new StringBuilder(await stdout).AppendLine(await stderr).ToString());
    }

    /// <summary>Runs <c>dotnet test --no-build</c> on the sample project and returns its TRX results.</summary>
    public static async Task<(ChildResult Run, IReadOnlyList<TrxResult> Results)> TestSampleAsync(string filter, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var results = Path.Combine(Path.GetTempPath(), "ociman-xunit3-sample-" + Guid.NewGuid().ToString("N"));
        try
        {
            var run = await RunAsync(
                Dotnet,
                ["test", Paths.SampleProject, "--no-build", "-c", Paths.Configuration, "--filter", filter,
                 "--results-directory", results, "--logger", "trx;LogFileName=sample.trx"],
                environment,
                TimeSpan.FromMinutes(4),
                cancellationToken);
            var trx = Path.Combine(results, "sample.trx");
            Assert.True(File.Exists(trx), $"the sample run wrote no TRX file (exit code {run.ExitCode}):\n{run.Output}");
            return (run, ReadTrx(trx));
        }
        finally
        {
            if (Directory.Exists(results))
            {
                Directory.Delete(results, recursive: true);
            }
        }
    }

    private static List<TrxResult> ReadTrx(string path)
    {
        XNamespace ns = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";
        return XDocument.Load(path).Descendants(ns + "UnitTestResult")
            .Select(r => new TrxResult(
                (string)r.Attribute("testName")!,
                (string)r.Attribute("outcome")!,
                r.Descendants(ns + "Message").FirstOrDefault()?.Value ?? string.Empty))
            .ToList();
    }
}
