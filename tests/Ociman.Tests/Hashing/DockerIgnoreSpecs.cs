using Ociman.Hashing;

namespace Ociman.Tests.Hashing;

public class DockerIgnoreSpecs
{
    [Theory]
    // Plain names and the leading slash.
    [InlineData("foo", "foo", true)]
    [InlineData("foo", "bar", false)]
    [InlineData("/foo", "foo", true)]
    [InlineData("foo/bar", "foo/bar", true)]
    [InlineData("/foo/bar", "foo/bar", true)]
    [InlineData("foo/bar", "bar", false)]
    [InlineData("foo/bar", "x/foo/bar", false)]
    // '*' stays within one path element.
    [InlineData("*.log", "app.log", true)]
    [InlineData("*.log", "logs/app.log", false)]
    [InlineData("*.log", "app.logx", false)]
    [InlineData("*/temp*", "somedir/temporary.txt", true)]
    [InlineData("*/temp*", "somedir/temp", true)]
    [InlineData("*/temp*", "temp", false)]
    [InlineData("*/*/temp*", "somedir/subdir/temporary.txt", true)]
    // '**' spans any number of directories, including none.
    [InlineData("**/*.tmp", "a.tmp", true)]
    [InlineData("**/*.tmp", "x/y/z/a.tmp", true)]
    [InlineData("**/*.tmp", "x/a.tmpx", false)]
    [InlineData("src/**/test", "src/test", true)]
    [InlineData("src/**/test", "src/a/b/test", true)]
    [InlineData("src/**", "src/a/b", true)]
    [InlineData("**", "anything/at/all", true)]
    // '?' is one character, not '/'.
    [InlineData("temp?", "tempa", true)]
    [InlineData("temp?", "temp", false)]
    [InlineData("temp?", "tempab", false)]
    [InlineData("a?b", "a/b", false)]
    // Character classes.
    [InlineData("file[a-c].txt", "fileb.txt", true)]
    [InlineData("file[a-c].txt", "filed.txt", false)]
    [InlineData("file[abc].txt", "filec.txt", true)]
    [InlineData("file[^a-c].txt", "filed.txt", true)]
    [InlineData("file[^a-c].txt", "fileb.txt", false)]
    [InlineData("file[!a].txt", "file!.txt", true)]
    [InlineData("file[!a].txt", "fileb.txt", false)]
    [InlineData("file[\\]].txt", "file].txt", true)]
    // Escapes make wildcards literal.
    [InlineData("\\*.txt", "*.txt", true)]
    [InlineData("\\*.txt", "a.txt", false)]
    [InlineData("what\\?", "what?", true)]
    [InlineData("what\\?", "whatx", false)]
    // Regex characters are literal.
    [InlineData("a+b(c).txt", "a+b(c).txt", true)]
    [InlineData("a.b", "axb", false)]
    // A directory pattern covers everything below it; cleaning removes trailing slashes and dots.
    [InlineData("build/", "build", true)]
    [InlineData("build/", "build/out/app.dll", true)]
    [InlineData("./build", "build/x", true)]
    [InlineData("build//out/../obj", "build/obj/x", true)]
    [InlineData("node_modules", "node_modules/pkg/index.js", true)]
    [InlineData("build", "buildx/file", false)]
    // Names are case-sensitive.
    [InlineData("*.LOG", "a.log", false)]
    public void A_single_pattern_excludes_what_docker_excludes(string pattern, string path, bool excluded)
    {
        var rules = DockerIgnore.Parse(pattern);

        Assert.Equal(excluded, rules.IsExcluded(path));
    }

    [Theory]
    [InlineData("*.log\n!keep.log", "keep.log", false)]
    [InlineData("*.log\n!keep.log", "other.log", true)]
    [InlineData("!keep.log\n*.log", "keep.log", true)]
    [InlineData("*.md\n!README*.md\nREADME-secret.md", "README-secret.md", true)]
    [InlineData("*.md\n!README*.md\nREADME-secret.md", "README.md", false)]
    [InlineData("*.md\nREADME-secret.md\n!README*.md", "README-secret.md", false)]
    [InlineData("*\n!src", "src/app/main.cs", false)]
    [InlineData("*\n!src", "docs/readme", true)]
    [InlineData("build\n!build/keep.txt", "build/keep.txt", false)]
    [InlineData("build\n!build/keep.txt", "build/other.txt", true)]
    [InlineData("build\n!**/keep.txt", "build/deep/keep.txt", false)]
    public void The_last_matching_line_decides(string ignoreFile, string path, bool excluded)
    {
        var rules = DockerIgnore.Parse(ignoreFile);

        Assert.Equal(excluded, rules.IsExcluded(path));
    }

    [Fact]
    public void Comments_blank_lines_and_surrounding_spaces_are_ignored()
    {
        var rules = DockerIgnore.Parse("\uFEFF# a comment\r\n\r\n   *.log   \n\t\n! keep.log \n");

        Assert.Equal(["*.log", "!keep.log"], rules.Patterns.Select(p => p.ToString()));
    }

    [Fact]
    public void Only_a_hash_in_the_first_column_starts_a_comment()
    {
        var rules = DockerIgnore.Parse("  #notacomment");

        Assert.True(rules.IsExcluded("#notacomment"));
    }

    [Theory]
    [InlineData("!")]
    [InlineData("file[a")]
    [InlineData("file[]")]
    [InlineData("file[c-a]")]
    [InlineData("file[a-]")]
    public void Invalid_lines_are_refused(string ignoreFile)
    {
        Assert.Throws<FormatException>(() => DockerIgnore.Parse(ignoreFile));
    }

    [Theory]
    [InlineData("build\n!build/keep.txt", "build", true)]
    [InlineData("build\n!build/keep.txt", "other", false)]
    [InlineData("build\n!build/sub/keep.txt", "build/sub", true)]
    [InlineData("build\n!build/sub/keep.txt", "build/other", false)]
    [InlineData("build\n!**/keep.txt", "build", true)]
    [InlineData("build\n!bu*/keep.txt", "build", true)]
    [InlineData("build", "build", false)]
    public void The_walk_enters_an_excluded_directory_only_when_an_exception_could_reach_below_it(string ignoreFile, string directory, bool enter)
    {
        var rules = DockerIgnore.Parse(ignoreFile);

        Assert.Equal(enter, rules.MayReincludeBelow(directory));
    }

    [Theory]
    [InlineData("", ".")]
    [InlineData("a//b/", "a/b")]
    [InlineData("./a/./b", "a/b")]
    [InlineData("a/../../b", "../b")]
    [InlineData("/../a", "/a")]
    [InlineData("/", "/")]
    public void Patterns_are_cleaned_like_go_filepath_clean(string path, string cleaned)
    {
        Assert.Equal(cleaned, GoPath.Clean(path));
    }
}
