using Ociman.Hashing;

namespace Ociman.Tests.Hashing;

/// <summary>Hostile build inputs cost bounded work and fail with Ociman's typed errors, never raw BCL exceptions.</summary>
public sealed class BoundedInputSpecs : IDisposable
{
    private readonly TempContext _context = new();

    public void Dispose() => _context.Dispose();

    [Fact]
    public void A_pattern_that_makes_a_backtracking_matcher_explode_is_matched_without_a_timeout()
    {
        // Twenty stars between 'a's, then a 'b' that never comes: a backtracking regex tries every split of the name.
        var ignore = DockerIgnore.Parse(string.Concat(Enumerable.Repeat("*a", 20)) + "*b\n");
        var name = new string('a', 4000);

        Assert.False(ignore.IsExcluded(name));
        Assert.True(ignore.IsExcluded(name + "b"));
    }

    [Fact]
    public void Nested_double_stars_match_without_a_timeout()
    {
        var ignore = DockerIgnore.Parse(string.Concat(Enumerable.Repeat("**/a", 30)) + "/x\n");
        var path = string.Join('/', Enumerable.Repeat("a", 400));

        Assert.False(ignore.IsExcluded(path));
    }

    [Fact]
    public void A_pattern_longer_than_the_bound_is_refused_naming_the_bound()
    {
        var exception = Assert.Throws<FormatException>(() => DockerIgnore.Parse(new string('*', DockerIgnore.MaxPatternLength + 1)));

        Assert.Contains($"at most {DockerIgnore.MaxPatternLength}", exception.Message, StringComparison.Ordinal);
        Assert.Contains("line 1", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Doubling_ARG_defaults_stop_at_the_expansion_bound_with_a_typed_error()
    {
        var dockerfile = "ARG A=" + new string('x', 64) + "\n" + string.Concat(Enumerable.Repeat("ARG A=$A$A\n", 16)) + "FROM alpine:$A\n";

        var exception = Assert.Throws<BuildContextException>(() => DockerfileFromParser.GetBaseImages(dockerfile, new Dictionary<string, string>()));

        Assert.Contains($"{DockerfileFromParser.MaxExpansionLength:N0} characters", exception.Message, StringComparison.Ordinal);
        Assert.Contains("ARG A", exception.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Substitution_below_the_bound_still_expands()
    {
        var dockerfile = "ARG A=ab\nARG A=$A$A\nARG A=$A$A\nFROM alpine:$A\n";

        Assert.Equal(["alpine:abababab"], DockerfileFromParser.GetBaseImages(dockerfile, new Dictionary<string, string>()));
    }

    [Fact]
    public async Task An_invalid_dockerignore_is_a_build_context_error_naming_the_file_and_line()
    {
        _context.Write("Dockerfile", "FROM scratch\n");
        _context.Write(".dockerignore", "ok\n[\n");

        var exception = await Assert.ThrowsAsync<BuildContextException>(() => ContentAddress.ComputeAsync(new BuildHashInput { ContextDirectory = _context.Root }));

        Assert.Equal(_context.PathOf(".dockerignore"), exception.Path);
        Assert.Contains("line 2", exception.Message, StringComparison.Ordinal);
        Assert.IsType<FormatException>(exception.InnerException);
    }

    [Fact]
    public async Task A_missing_dockerfile_is_a_build_context_error_naming_it()
    {
        _context.Write("other.txt", "x");

        var exception = await Assert.ThrowsAsync<BuildContextException>(() => ContentAddress.ComputeAsync(new BuildHashInput { ContextDirectory = _context.Root }));

        Assert.Equal(_context.PathOf("Dockerfile"), exception.Path);
        Assert.Contains("Dockerfile", exception.Message, StringComparison.Ordinal);
    }
}
