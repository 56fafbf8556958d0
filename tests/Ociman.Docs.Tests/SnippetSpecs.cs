using Ociman.Docs.Tests.Snippets;
using Ociman.Docs.Tests.Support;

namespace Ociman.Docs.Tests;

/// <summary>
/// Every ```csharp block of README.md and docs/*.md compiles as a user would paste it into a fresh project that
/// installs the packed packages (the convention for blocks is on <see cref="Snippet"/>).
/// </summary>
public sealed class SnippetSpecs(SnippetWorkspace workspace) : IClassFixture<SnippetWorkspace>
{
    public static TheoryData<string> CSharpBlocks { get; } = new(Snippet.All.Values.Where(s => !s.Ignored).Select(s => s.Block.Location));

    [Theory]
    [MemberData(nameof(CSharpBlocks))]
    public void A_csharp_block_compiles_against_the_packed_packages(string block)
    {
        var group = Snippet.All[block].Group();
        var trees = SnippetCompiler.Parse(group);
        var framework = SnippetCompiler.FrameworkOf(trees);

        var errors = SnippetCompiler.Problems(trees, workspace.InputsFor(framework), workspace.Ociman);

        Assert.True(errors.Count == 0,
            $"The block at {block} ({framework} project, Ociman {workspace.OcimanVersion}"
            + (group.Count > 1 ? $", with the blocks at {string.Join(", ", group.Where(s => s.Block.Location != block).Select(s => s.Block.Location))}" : string.Empty)
            + $") does not compile or does not run as written:\n{string.Join('\n', errors)}");
    }

    [Fact]
    public void Every_code_block_names_its_language_and_csharp_blocks_use_known_options()
    {
        var problems = Repository.Documents.SelectMany(d => d.Blocks).Select(Snippet.FenceProblem).OfType<string>().ToList();
        problems.AddRange(Snippet.All.Values.Where(s => s.Name is not null)
            .GroupBy(s => (s.Block.File, s.Name))
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key.File}: name={g.Key.Name} is given to {g.Count()} blocks ({string.Join(", ", g.Select(s => s.Block.Location))})."));

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void The_docs_have_csharp_blocks_to_compile()
    {
        Assert.Contains(Snippet.All.Values, s => s.Block.File == "README.md" && !s.Ignored);
    }
}
