using System.Reflection;
using System.Xml.Linq;
using Ociman.Docs.Tests.Markdown;

namespace Ociman.Docs.Tests.Support;

/// <summary>The repository these tests check, and the documents a user reads: README.md, docs/*.md and the package READMEs.</summary>
public static class Repository
{
    /// <summary>The repository root: the first directory above the test assembly that holds the solution.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The build configuration of this test assembly (the packages are packed in the same one).</summary>
    public static string Configuration { get; } = typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "Configuration").Value!;

    // Before Documents: static initializers run in the order they are written.
    /// <summary>The package READMEs: src/*/PACKAGE.md, packed as each package's README.md.</summary>
    public static IReadOnlyList<string> PackageReadmes { get; } =
        Directory.GetFiles(Path.Combine(Root, "src"), "PACKAGE.md", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(Root, path).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>README.md, then docs/*.md in name order, then the package READMEs (src/*/PACKAGE.md), read once.</summary>
    public static IReadOnlyList<MarkdownFile> Documents { get; } =
        new[] { "README.md" }
            .Concat(Directory.GetFiles(Path.Combine(Root, "docs"), "*.md")
                .Select(path => Path.GetRelativePath(Root, path).Replace(Path.DirectorySeparatorChar, '/'))
                .Order(StringComparer.Ordinal))
            .Concat(PackageReadmes)
            .Select(path => MarkdownFile.Read(Root, path))
            .ToList();

    /// <summary>The packable projects: every src/*/*.csproj.</summary>
    public static IReadOnlyList<string> PackageProjects { get; } =
        Directory.GetFiles(Path.Combine(Root, "src"), "*.csproj", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();

    /// <summary>
    /// The versions the repository pins in Directory.Packages.props, by package id; a version given as a property
    /// (<c>$(NUnitVersion)</c>, the test frameworks' newest) is that property's default in the same file.
    /// </summary>
    public static IReadOnlyDictionary<string, string> PinnedVersions { get; } = ReadPinnedVersions();

    /// <summary>The package sources of the repository's nuget.config (name, URL), for the packages that are not Ociman's.</summary>
    public static IReadOnlyList<(string Key, string Value)> PackageSources { get; } =
        XDocument.Load(Path.Combine(Root, "nuget.config")).Descendants("packageSources").Elements("add")
            .Select(a => ((string)a.Attribute("key")!, (string)a.Attribute("value")!))
            .ToList();

    private static Dictionary<string, string> ReadPinnedVersions()
    {
        var props = XDocument.Load(Path.Combine(Root, "Directory.Packages.props"));
        return props.Descendants("PackageVersion").ToDictionary(
            p => (string)p.Attribute("Include")!,
            p => (string)p.Attribute("Version")! is var version && version.StartsWith("$(", StringComparison.Ordinal) && version.EndsWith(')')
                ? (string?)props.Descendants(version[2..^1]).FirstOrDefault()
                  ?? throw new InvalidOperationException($"Directory.Packages.props gives {p.Attribute("Include")} the version {version}, a property it does not set.")
                : version,
            StringComparer.OrdinalIgnoreCase);
    }

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
