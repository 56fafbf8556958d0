using System.Text;
using System.Text.Json;
using Ociman.Tests.Hashing;
using Ociman.Engines;
using Ociman.Transport;
using Ociman.Transport.Cli;

namespace Ociman.Tests.Transport.Cli;

public sealed class BuildxLocalStateSpecs : IDisposable
{
    private readonly TempContext _store = new();

    public void Dispose() => _store.Dispose();

    private string Group(string id, string definition, params string[] refs)
    {
        var json = JsonSerializer.Serialize(new { Definition = Convert.ToBase64String(Encoding.UTF8.GetBytes(definition)), Targets = new[] { "build" }, Refs = refs });
        _store.Write($"refs/__group__/{id}", json);
        return _store.PathOf($"refs/__group__/{id}");
    }

    private string Ref(string id)
    {
        _store.Write($"refs/default/default/{id}", """{"Target":"build","LocalPath":"/ctx","DockerfilePath":"/ctx/Dockerfile","GroupRef":"g"}""");
        return _store.PathOf($"refs/default/default/{id}");
    }

    [Fact]
    public void The_group_naming_the_builds_tag_and_its_refs_are_deleted_and_nothing_else()
    {
        var since = DateTime.UtcNow.AddSeconds(-5);
        var ours = Group("g1", """{"target":{"build":{"args":{"HTTPS_PROXY":"secret"},"tags":["ociman/build:ociman-tmp-abc"]}}}""", "r1");
        var ourRef = Ref("r1");
        var theirs = Group("g2", """{"target":{"build":{"tags":["other:1"]}}}""", "r2");
        var theirRef = Ref("r2");

        var deleted = BuildxLocalState.Forget(_store.Root, "ociman/build:ociman-tmp-abc", since);

        Assert.Equal([ourRef, ours], deleted);
        Assert.False(File.Exists(ours));
        Assert.False(File.Exists(ourRef));
        Assert.True(File.Exists(theirs));
        Assert.True(File.Exists(theirRef));
    }

    [Fact]
    public void Groups_older_than_the_build_are_not_read()
    {
        var old = Group("g1", """{"tags":["ociman/build:ociman-tmp-abc"]}""");
        File.SetLastWriteTimeUtc(old, DateTime.UtcNow.AddHours(-1));

        Assert.Empty(BuildxLocalState.Forget(_store.Root, "ociman/build:ociman-tmp-abc", DateTime.UtcNow.AddSeconds(-5)));
        Assert.True(File.Exists(old));
    }

    [Fact]
    public void A_ref_that_is_not_a_plain_name_is_never_followed()
    {
        _store.Write("outside", "keep me");
        Group("g1", """{"tags":["ociman/build:ociman-tmp-abc"]}""", "../../../outside");
        _store.MakeDirectory("refs/default/default");

        BuildxLocalState.Forget(_store.Root, "ociman/build:ociman-tmp-abc", DateTime.UtcNow.AddSeconds(-5));

        Assert.True(File.Exists(_store.PathOf("outside")));
    }

    [Fact]
    public void Files_that_are_not_groups_and_a_missing_store_are_ignored()
    {
        _store.Write("refs/__group__/junk", "not json");

        Assert.Empty(BuildxLocalState.Forget(_store.Root, "x", DateTime.UtcNow.AddSeconds(-5)));
        Assert.Empty(BuildxLocalState.Forget(_store.PathOf("missing"), "x", DateTime.UtcNow));
    }

    [Theory]
    [InlineData("/bx", "/dc", "/home/u", "/bx")]
    [InlineData(null, "/dc", "/home/u", "/dc/buildx")]
    [InlineData(null, null, "/home/u", "/home/u/.docker/buildx")]
    [InlineData("", "", "/home/u", "/home/u/.docker/buildx")]
    public void The_store_is_found_as_buildx_finds_it(string? buildxConfig, string? dockerConfig, string? home, string expected)
    {
        var environment = new Dictionary<string, string?> { ["BUILDX_CONFIG"] = buildxConfig, ["DOCKER_CONFIG"] = dockerConfig, ["HOME"] = home };

        Assert.Equal(expected, BuildxLocalState.ConfigDirectory(name => environment.GetValueOrDefault(name)));
    }
}
