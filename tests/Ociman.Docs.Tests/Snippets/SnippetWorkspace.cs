using System.Globalization;
using System.Reflection;
using System.Runtime.Loader;
using System.Security;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Ociman.Docs.Tests.Support;

namespace Ociman.Docs.Tests.Snippets;

/// <summary>The kind of project a snippet belongs in, told by the adapter it uses.</summary>
public enum SnippetFramework
{
    /// <summary>The engine API and the framework-neutral fixtures: Ociman.Testing (which brings Ociman).</summary>
    Core,

    /// <summary>An xUnit v2 test project with Ociman.Testing.Xunit.</summary>
    XunitV2,

    /// <summary>An xUnit v3 test project with Ociman.Testing.XunitV3.</summary>
    XunitV3,

    /// <summary>An NUnit test project with Ociman.Testing.NUnit.</summary>
    NUnit,
}

/// <summary>What a snippet compiles against: the reference assemblies and the implicit usings of a fresh project.</summary>
/// <param name="References">The reference assemblies the compiler sees.</param>
/// <param name="ImplicitUsings">The text of the project's generated global usings.</param>
/// <param name="Paths">The paths of <paramref name="References"/>.</param>
public sealed record ProjectInputs(IReadOnlyList<MetadataReference> References, string ImplicitUsings, IReadOnlyList<string> Paths);

/// <summary>
/// Fresh projects, one per <see cref="SnippetFramework"/>, outside the repository (none of its build settings apply)
/// that install Ociman's packages from a local feed and third-party packages from the repository's usual source, as a
/// user's project would. Restored and built once (one <c>dotnet build</c> of a solution of the four); each snippet is
/// then compiled against the references that build resolved.
/// </summary>
/// <remarks>
/// The feed is the directory in <c>OCIMAN_DOCS_PACKAGES</c> (eng/test.sh packs the solution there after its build), or
/// else the src projects are packed into a temporary feed first. Packages are restored into a folder of the workspace,
/// so a package packed earlier with the same version is never picked up from the machine's cache.
/// </remarks>
public sealed partial class SnippetWorkspace : IAsyncLifetime
{
    /// <summary>The environment variable naming a directory of packed Ociman packages.</summary>
    public const string FeedVariable = "OCIMAN_DOCS_PACKAGES";

    // The offline image kit and the modules are framework-neutral: every snippet project installs them beside its adapter.
    private static readonly string[] SharedOcimanPackages = ["Ociman.Images", "Ociman.Testing.PostgreSql", "Ociman.Testing.MariaDb", "Ociman.Testing.Redis"];

    private static readonly string[] OcimanPackages = ["Ociman", "Ociman.Testing", "Ociman.Testing.Xunit", "Ociman.Testing.XunitV3", "Ociman.Testing.NUnit", .. SharedOcimanPackages];

    // What a user adds beside the adapter for the snippets: the modules' database clients and console logging.
    private static readonly string[] CommonPackages = [.. SharedOcimanPackages, "Npgsql", "MySqlConnector", "StackExchange.Redis", "Microsoft.Extensions.Logging.Console"];

    private static readonly Dictionary<SnippetFramework, (string[] Packages, bool Executable)> Kinds = new()
    {
        [SnippetFramework.Core] = (["Ociman.Testing"], false),
        [SnippetFramework.XunitV2] = (["Ociman.Testing.Xunit", "xunit"], false),
        // xUnit v3 test projects are executables; mtp-off is the flavour docs/testing-xunit-v3.md recommends for dotnet test.
        [SnippetFramework.XunitV3] = (["Ociman.Testing.XunitV3", "xunit.v3.mtp-off"], true),
        [SnippetFramework.NUnit] = (["Ociman.Testing.NUnit", "NUnit"], false),
    };

    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory("ociman-docs-");
    private readonly Dictionary<SnippetFramework, ProjectInputs> _inputs = [];

    /// <summary>The version of the packed Ociman packages the projects install.</summary>
    public string OcimanVersion { get; private set; } = string.Empty;

    /// <summary>Ociman.dll as packed, loaded with its package dependencies beside this test's own assemblies.</summary>
    public Assembly Ociman { get; private set; } = null!;

    /// <summary>What a snippet of <paramref name="framework"/> compiles against.</summary>
    public ProjectInputs InputsFor(SnippetFramework framework) => _inputs[framework];

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        try
        {
            await PrepareAsync();
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <inheritdoc />
    public Task DisposeAsync()
    {
        if (_directory.Exists)
        {
            _directory.Delete(recursive: true);
        }

        return Task.CompletedTask;
    }

    private async Task PrepareAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(15));
        var feed = Environment.GetEnvironmentVariable(FeedVariable) is { Length: > 0 } given
            ? Path.GetFullPath(given, Repository.Root)
            : await PackAsync(timeout.Token);
        OcimanVersion = VersionIn(feed);

        WriteNuGetConfig(feed);
        var solution = new StringBuilder("<Solution>\n");
        foreach (var (framework, (packages, executable)) in Kinds)
        {
            var name = ProjectName(framework);
            Directory.CreateDirectory(Path.Combine(_directory.FullName, name));
            await File.WriteAllTextAsync(Path.Combine(_directory.FullName, name, name + ".csproj"), ProjectFile(packages.Concat(CommonPackages), executable), timeout.Token);
            solution.Append(CultureInfo.InvariantCulture, $"  <Project Path=\"{name}/{name}.csproj\" />\n");
        }

        await File.WriteAllTextAsync(Path.Combine(_directory.FullName, "snippets.slnx"), solution.Append("</Solution>\n").ToString(), timeout.Token);

        var (exitCode, output) = await DotNet.RunAsync(
            ["msbuild", "snippets.slnx", "-restore", "-t:WriteSnippetInputs", "-nologo", "-nodeReuse:false", "-v:q"],
            _directory.FullName,
            new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(_directory.FullName, "packages") },
            timeout.Token);
        if (exitCode != 0)
        {
            throw new InvalidOperationException(
                $"The fresh projects that install the packages from {feed} did not restore and build (exit code {exitCode}):\n{output}");
        }

        foreach (var framework in Kinds.Keys)
        {
            _inputs[framework] = ReadInputs(Path.Combine(_directory.FullName, ProjectName(framework), "snippet-inputs.txt"));
        }

        Ociman = new PackedAssemblies(_inputs[SnippetFramework.Core].Paths).LoadFromAssemblyName(new AssemblyName("Ociman"));
    }

    // Not the name of a package the project installs (a project named NUnit cannot reference NUnit).
    private static string ProjectName(SnippetFramework framework) => "Snippets." + framework;

    private async Task<string> PackAsync(CancellationToken cancellationToken)
    {
        var feed = Path.Combine(_directory.FullName, "feed");
        var solution = new StringBuilder("<Solution>\n");
        foreach (var project in Repository.PackageProjects)
        {
            solution.Append(CultureInfo.InvariantCulture, $"  <Project Path=\"{SecurityElement.Escape(project)}\" />\n");
        }

        var packSolution = Path.Combine(_directory.FullName, "pack.slnx");
        await File.WriteAllTextAsync(packSolution, solution.Append("</Solution>\n").ToString(), cancellationToken);
        var (exitCode, output) = await DotNet.RunAsync(
            ["pack", packSolution, "-c", Repository.Configuration, "-o", feed, "-nologo", "-nodeReuse:false", "-v:q"],
            Repository.Root, null, cancellationToken);
        return exitCode == 0
            ? feed
            : throw new InvalidOperationException($"dotnet pack of the src projects failed (exit code {exitCode}):\n{output}");
    }

    private static string VersionIn(string feed)
    {
        var versions = OcimanPackages.Select(id =>
        {
            var match = Directory.Exists(feed)
                ? Directory.GetFiles(feed, id + ".*.nupkg").Select(f => PackageFile().Match(Path.GetFileName(f))).FirstOrDefault(m => m.Success && m.Groups["id"].Value == id)
                : null;
            return match?.Groups["version"].Value
                ?? throw new InvalidOperationException($"{feed} holds no {id}.<version>.nupkg; pack the src projects there (dotnet pack -o {feed}) or unset {FeedVariable}.");
        }).Distinct().ToList();
        return versions.Count == 1
            ? versions[0]
            : throw new InvalidOperationException($"{feed} holds Ociman packages of several versions ({string.Join(", ", versions)}); pack them into an empty directory.");
    }

    private void WriteNuGetConfig(string feed)
    {
        var userPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } set
            ? set
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var config = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration>\n");
        if (Directory.Exists(userPackages))
        {
            // Third-party packages the machine already has are taken from its cache; Ociman's never are (not there).
            config.Append(CultureInfo.InvariantCulture, $"  <fallbackPackageFolders>\n    <add key=\"machine\" value=\"{SecurityElement.Escape(userPackages)}\" />\n  </fallbackPackageFolders>\n");
        }

        config.Append("  <packageSources>\n    <clear />\n")
            .Append(CultureInfo.InvariantCulture, $"    <add key=\"ociman-packed\" value=\"{SecurityElement.Escape(feed)}\" />\n");
        foreach (var (key, value) in Repository.PackageSources)
        {
            config.Append(CultureInfo.InvariantCulture, $"    <add key=\"{SecurityElement.Escape(key)}\" value=\"{SecurityElement.Escape(value)}\" />\n");
        }

        // Ociman's packages come from the packed feed only, everything else from the usual sources.
        config.Append("  </packageSources>\n  <packageSourceMapping>\n")
            .Append("    <packageSource key=\"ociman-packed\">\n      <package pattern=\"Ociman\" />\n      <package pattern=\"Ociman.*\" />\n    </packageSource>\n");
        foreach (var (key, _) in Repository.PackageSources)
        {
            config.Append(CultureInfo.InvariantCulture, $"    <packageSource key=\"{SecurityElement.Escape(key)}\">\n      <package pattern=\"*\" />\n    </packageSource>\n");
        }

        File.WriteAllText(Path.Combine(_directory.FullName, "nuget.config"), config.Append("  </packageSourceMapping>\n</configuration>\n").ToString());
    }

    private string ProjectFile(IEnumerable<string> packages, bool executable)
    {
        var references = string.Concat(packages.Select(id =>
            $"    <PackageReference Include=\"{id}\" Version=\"{(OcimanPackages.Contains(id) ? OcimanVersion : PinnedVersion(id))}\" />\n"));
        return $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
                {(executable ? "<OutputType>Exe</OutputType>" : string.Empty)}
              </PropertyGroup>
              <ItemGroup>
            {references}  </ItemGroup>
              <!-- What the snippets compile against: the references this project resolved, and its implicit usings. -->
              <Target Name="WriteSnippetInputs" DependsOnTargets="ResolveReferences;FindReferenceAssembliesForReferences;GenerateGlobalUsings">
                <WriteLinesToFile File="$(MSBuildProjectDirectory)/snippet-inputs.txt" Overwrite="true"
                                  Lines="@(ReferencePathWithRefAssemblies->'reference %(FullPath)');@(Compile->'source %(FullPath)')" />
              </Target>
            </Project>

            """;
    }

    private static string PinnedVersion(string id) =>
        Repository.PinnedVersions.TryGetValue(id, out var version)
            ? version
            : throw new InvalidOperationException($"Directory.Packages.props pins no version of {id}; the snippet projects install the versions the repository uses.");

    private static ProjectInputs ReadInputs(string path)
    {
        var lines = File.ReadAllLines(path);
        var paths = lines.Where(l => l.StartsWith("reference ", StringComparison.Ordinal)).Select(l => l["reference ".Length..]).ToList();
        var implicitUsings = lines.Where(l => l.StartsWith("source ", StringComparison.Ordinal) && l.EndsWith(".GlobalUsings.g.cs", StringComparison.Ordinal))
            .Select(l => File.ReadAllText(l["source ".Length..]))
            .SingleOrDefault() ?? throw new InvalidOperationException($"{path} names no GlobalUsings.g.cs: the project has no implicit usings.");
        return new ProjectInputs(paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToList(), implicitUsings, paths);
    }

    /// <summary>
    /// The assemblies of the restored packages (lib/ folders, not reference assemblies), loaded apart from the
    /// default context so the packed Ociman.dll is the one that runs; the framework comes from the default context.
    /// </summary>
    private sealed class PackedAssemblies(IReadOnlyList<string> paths) : AssemblyLoadContext("ociman-docs-packed")
    {
        private static readonly string LibFolder = $"{Path.DirectorySeparatorChar}lib{Path.DirectorySeparatorChar}";

        protected override Assembly? Load(AssemblyName assemblyName) =>
            paths.FirstOrDefault(p => p.Contains(LibFolder, StringComparison.Ordinal) && Path.GetFileNameWithoutExtension(p) == assemblyName.Name) is { } path
                ? LoadFromAssemblyPath(path)
                : null;
    }

    [GeneratedRegex(@"^(?<id>.+?)\.(?<version>\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)\.nupkg$")]
    private static partial Regex PackageFile();
}
