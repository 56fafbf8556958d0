using Ociman.Docs.Tests.Support;

namespace Ociman.Docs.Tests;

/// <summary>
/// Links of README.md and docs/*.md to local files lead to files of the repository; the package READMEs, read on a
/// package feed away from the repository, link nowhere local.
/// </summary>
public sealed class LinkSpecs
{
    public static TheoryData<string> Documents { get; } = new(Repository.Documents.Select(d => d.RelativePath));

    [Theory]
    [MemberData(nameof(Documents))]
    public void Local_links_resolve_inside_the_repository(string document)
    {
        var root = Path.GetFullPath(Repository.Root) + Path.DirectorySeparatorChar;
        var broken = Repository.Documents.Single(d => d.RelativePath == document).Links
            .Where(link =>
            {
                var target = Uri.UnescapeDataString(link.Target.Split('#', 2)[0]);
                var path = Path.GetFullPath(Path.Combine(root, Path.GetDirectoryName(link.File) ?? string.Empty, target));
                return !(path + Path.DirectorySeparatorChar).StartsWith(root, StringComparison.Ordinal) || !(File.Exists(path) || Directory.Exists(path));
            })
            .Select(link => $"{link.File}:{link.Line}: ({link.Target}) leads to nothing in the repository")
            .ToList();

        Assert.True(broken.Count == 0, string.Join('\n', broken));
    }

    [Fact]
    public void Every_package_has_its_own_readme_with_no_local_link()
    {
        var projects = Repository.PackageProjects.Select(p => Path.GetRelativePath(Repository.Root, Path.GetDirectoryName(p)!).Replace(Path.DirectorySeparatorChar, '/'));
        var problems = projects.Where(dir => !Repository.PackageReadmes.Contains(dir + "/PACKAGE.md"))
            .Select(dir => $"{dir} has no PACKAGE.md (packed as the package's README.md)")
            .Concat(Repository.Documents.Where(d => Repository.PackageReadmes.Contains(d.RelativePath))
                .SelectMany(d => d.Links)
                .Select(link => $"{link.File}:{link.Line}: ({link.Target}) is a local link; a package README is read away from the repository"))
            .ToList();

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }
}
