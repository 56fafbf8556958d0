using System.Text.Json;
using Ociman.Engines;
using Ociman.Transport;
using Ociman.Transport.Cli;

namespace Ociman.Tests.Transport.Cli;

public sealed class PodmanBuildQuerySpecs
{
    private static BuildRequest Request(
        string? target = null,
        bool noCache = false,
        IReadOnlyList<KeyValuePair<string, string>>? args = null,
        IReadOnlyList<KeyValuePair<string, string>>? labels = null) =>
        new(ImageReference.Parse("ociman/build:ociman-tmp-1"), "/ctx", null, null, target, args ?? [], labels ?? [], noCache);

    private static Dictionary<string, string> Parse(string query) =>
        query.Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]));

    [Fact]
    public void Build_arguments_travel_as_a_JSON_object_whatever_characters_the_values_hold()
    {
        var awkward = "http://u:p&a=s+s%20 w\"o'rd$x{y}\u00e9@proxy:3128/?a=1&b=2";

        var query = Parse(PodmanBuildQuery.Render(Request(args: [new("HTTPS_PROXY", awkward), new("XDG_CONFIG_HOME", "/x")]), "/ctx/Dockerfile"));

        var args = JsonSerializer.Deserialize<Dictionary<string, string>>(query["buildargs"]);
        Assert.Equal(new Dictionary<string, string> { ["HTTPS_PROXY"] = awkward, ["XDG_CONFIG_HOME"] = "/x" }, args);
    }

    [Fact]
    public void The_Dockerfile_is_a_JSON_list_holding_its_host_path_and_the_tag_is_given()
    {
        var query = Parse(PodmanBuildQuery.Render(Request(), "/elsewhere/my app.Dockerfile"));

        Assert.Equal(["/elsewhere/my app.Dockerfile"], JsonSerializer.Deserialize<string[]>(query["dockerfile"])!);
        Assert.Equal("ociman/build:ociman-tmp-1", query["t"]);
    }

    [Fact]
    public void The_defaults_of_podman_build_are_asked_for_explicitly()
    {
        var query = Parse(PodmanBuildQuery.Render(Request(), "/ctx/Dockerfile"));

        Assert.Equal("1", query["layers"]);
        Assert.Equal("1", query["rm"]);
        Assert.Equal("1", query["forcerm"]);
        Assert.Equal("missing", query["pullpolicy"]);
        Assert.Equal(PodmanBuildQuery.DockerFormat, query["outputformat"]);
        var network = Assert.Single(JsonDocument.Parse(query["nsoptions"]).RootElement.EnumerateArray());
        Assert.Equal("network", network.GetProperty("Name").GetString());
        Assert.False(network.GetProperty("Host").GetBoolean());
        Assert.False(query.ContainsKey("labels"));
        Assert.False(query.ContainsKey("target"));
        Assert.False(query.ContainsKey("nocache"));
    }

    [Fact]
    public void Labels_target_and_no_cache_are_carried_when_set()
    {
        var query = Parse(PodmanBuildQuery.Render(Request(target: "first", noCache: true, labels: [new("org.example.role", "a=b&c")]), "/ctx/Dockerfile"));

        Assert.Equal(new Dictionary<string, string> { ["org.example.role"] = "a=b&c" }, JsonSerializer.Deserialize<Dictionary<string, string>>(query["labels"]));
        Assert.Equal("first", query["target"]);
        Assert.Equal("1", query["nocache"]);
    }

    [Theory]
    [InlineData("{\"stream\":\"STEP 1/2: FROM x\\n\"}", "STEP 1/2: FROM x\n", null)]
    [InlineData("{\"errorDetail\":{\"message\":\"exit status 3\"},\"error\":\"exit status 3\\n\"}", null, "exit status 3\n")]
    [InlineData("{\"cause\":\"no such file\",\"message\":\"stat /x: no such file\",\"response\":400}", null, "stat /x: no such file")]
    [InlineData("not json", "not json\n", null)]
    [InlineData("", null, null)]
    public void Progress_lines_are_read_as_output_or_error(string line, string? stream, string? error)
    {
        Assert.Equal((stream, error), PodmanServiceBuild.ReadProgress(line));
    }
}
