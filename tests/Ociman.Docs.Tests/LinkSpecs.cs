using Ociman.Docs.Tests.Support;

namespace Ociman.Docs.Tests;

/// <summary>Links of README.md and docs/*.md to local files lead to files of the repository.</summary>
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
}
