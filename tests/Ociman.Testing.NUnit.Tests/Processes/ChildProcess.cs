using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Xml.Linq;

namespace Ociman.Testing.NUnit.Tests.Processes;

/// <summary>One test result read from a TRX file.</summary>
public sealed record TrxResult(string TestName, string Outcome, string Message);

/// <summary>Runs the sample project and the crash child as child processes, found next to this test assembly's build output.</summary>
public static class ChildProcess
{
    /// <summary>Where the test projects live: four levels above <c>bin/&lt;Configuration&gt;/&lt;tfm&gt;/</c>.</summary>
    private static readonly DirectoryInfo Output = new(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));

    /// <summary>The build configuration of this test assembly (Debug or Release).</summary>
    public static string Configuration => Output.Parent!.Name;

    private static string TestsDirectory => Output.Parent!.Parent!.Parent!.Parent!.FullName;

    /// <summary>The NUnit sample project run by <c>dotnet test --no-build</c>.</summary>
    public static string SampleProject => Path.Combine(TestsDirectory, "Ociman.Testing.NUnit.NoEngineSample", "Ociman.Testing.NUnit.NoEngineSample.csproj");

    /// <summary>The crash child, built for the same configuration and framework.</summary>
    public static string CrashChildDll => Path.Combine(TestsDirectory, "Ociman.Testing.CrashChild", "bin", Configuration, Output.Name, "Ociman.Testing.CrashChild.dll");

    /// <summary>The <c>dotnet</c> host this runtime belongs to (<c>shared/Microsoft.NETCore.App/&lt;version&gt;/</c> is three levels below it).</summary>
    public static string DotnetHost
    {
        get
        {
            var root = new DirectoryInfo(RuntimeEnvironment.GetRuntimeDirectory().TrimEnd(Path.DirectorySeparatorChar)).Parent!.Parent!.Parent!.FullName;
            var host = Path.Combine(root, OperatingSystem.IsWindows() ? "dotnet.exe" : "dotnet");
            return File.Exists(host) ? host : "dotnet";
        }
    }

    /// <summary>Starts <c>dotnet</c> with <paramref name="arguments"/>, stdout and stderr redirected.</summary>
    public static Process Start(IEnumerable<string> arguments, IDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(DotnetHost)
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

        if (environment is not null)
        {
            info.Environment.Clear();
            foreach (var (name, value) in environment)
            {
                info.Environment[name] = value;
            }
        }

        return Process.Start(info) ?? throw new InvalidOperationException($"could not start {DotnetHost}");
    }

    /// <summary>
    /// This process's environment without what the test platform and MSBuild set for this run (a nested <c>dotnet test</c>
    /// must not inherit them) and without <c>CI</c> and <c>OCIMAN_REQUIRE_ENGINE</c>.
    /// </summary>
    public static Dictionary<string, string> CleanEnvironment()
    {
        string[] dropPrefixes = ["MSBUILD", "VSTEST", "TESTINGPLATFORM", "DOTNET_HOST_PATH", "NUNIT"];
        string[] drop = ["CI", "OCIMAN_REQUIRE_ENGINE"];
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            var name = (string)entry.Key;
            if (drop.Contains(name, StringComparer.Ordinal) || dropPrefixes.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            result[name] = (string?)entry.Value ?? string.Empty;
        }

        result["DOTNET_NOLOGO"] = "1";
        result["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        result["MSBUILDDISABLENODEREUSE"] = "1";
        return result;
    }

    /// <summary>Runs <c>dotnet test &lt;sample&gt; --no-build</c> and returns its exit code, its console output and the results of its TRX file.</summary>
    public static async Task<(int ExitCode, string Output, IReadOnlyList<TrxResult> Results)> TestSampleAsync(
        IDictionary<string, string> environment, string? filter, CancellationToken cancellationToken)
    {
        var results = Directory.CreateTempSubdirectory("ociman-nunit-sample-");
        try
        {
            List<string> arguments = ["test", SampleProject, "--no-build", "-c", Configuration, "--nologo",
                "--logger", "trx;LogFileName=sample.trx", "--results-directory", results.FullName];
            if (filter is not null)
            {
                arguments.AddRange(["--filter", filter]);
            }

            using var process = Start(arguments, environment);
            var (exitCode, output) = await WaitAsync(process, cancellationToken);
            var trx = Path.Combine(results.FullName, "sample.trx");
            if (!File.Exists(trx))
            {
                throw new InvalidOperationException($"dotnet test wrote no TRX file (exit code {exitCode}):{Environment.NewLine}{output}");
            }

            return (exitCode, output, ReadTrx(trx));
        }
        finally
        {
            results.Delete(recursive: true);
        }
    }

    /// <summary>Waits for the process to exit and returns its exit code and its stdout and stderr; kills it when cancelled.</summary>
    public static async Task<(int ExitCode, string Output)> WaitAsync(Process process, CancellationToken cancellationToken)
    {
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return (process.ExitCode, new StringBuilder().Append(await stdout).Append(await stderr).ToString());
    }

    private static List<TrxResult> ReadTrx(string path)
    {
        XNamespace ns = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";
        return XDocument.Load(path).Descendants(ns + "UnitTestResult")
            .Select(r => new TrxResult(
                (string?)r.Attribute("testName") ?? string.Empty,
                (string?)r.Attribute("outcome") ?? string.Empty,
                r.Descendants(ns + "ErrorInfo").Elements(ns + "Message").Select(m => m.Value).FirstOrDefault() ?? string.Empty))
            .ToList();
    }
}
