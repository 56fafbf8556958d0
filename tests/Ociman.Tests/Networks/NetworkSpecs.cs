using System.Text.Json;
using Ociman.Transport.Cli;

namespace Ociman.Tests.Networks;

public class NetworkDefinitionSpecs
{
    [Theory]
    [InlineData("web")]
    [InlineData("a")]
    [InlineData("0app_net.1-x")]
    public void A_valid_name_is_taken_as_given(string name)
    {
        Assert.Equal(name, NetworkDefinition.Named(name).Name);
    }

    [Theory]
    [InlineData("", "the name is empty")]
    [InlineData("-web", "it must start with an ASCII letter or digit")]
    [InlineData("_web", "it must start with an ASCII letter or digit")]
    [InlineData("web net", "it contains ' '")]
    [InlineData("web/net", "it contains '/'")]
    [InlineData("wéb", "it contains 'é'")]
    public void An_invalid_name_is_refused_with_the_name_and_the_rule(string name, string why)
    {
        var ex = Assert.Throws<FormatException>(() => NetworkDefinition.Named(name));

        Assert.Contains("is not a valid network name", ex.Message, StringComparison.Ordinal);
        Assert.Contains(why, ex.Message, StringComparison.Ordinal);
        Assert.Contains("a network name must be 1 to 128 characters", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_longer_than_128_characters_is_refused()
    {
        Assert.Equal(128, NetworkDefinition.Named(new string('a', 128)).Name.Length);
        var ex = Assert.Throws<FormatException>(() => NetworkDefinition.Named(new string('a', 129)));
        Assert.Contains("it is 129 characters long", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_unique_name_is_the_prefix_and_12_hex_digits()
    {
        var first = NetworkDefinition.Unique("app").Name;
        var second = NetworkDefinition.Unique("app").Name;

        Assert.Matches("^app-[0-9a-f]{12}$", first);
        Assert.NotEqual(first, second);
        Assert.Matches("^ociman-net-[0-9a-f]{12}$", NetworkDefinition.Unique().Name);
    }

    [Theory]
    [InlineData("")]
    [InlineData("-app")]
    [InlineData("a b")]
    public void A_unique_name_needs_a_valid_prefix(string prefix)
    {
        var ex = Assert.Throws<ArgumentException>(() => NetworkDefinition.Unique(prefix));
        Assert.Equal("prefix", ex.ParamName);
        Assert.Contains("network name prefix", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_unique_name_prefix_leaves_room_for_the_suffix()
    {
        Assert.Equal(128, NetworkDefinition.Unique(new string('p', 115)).Name.Length);
        Assert.Throws<ArgumentException>(() => NetworkDefinition.Unique(new string('p', 116)));
    }

    [Fact]
    public void Labels_and_internal_are_set_on_copies()
    {
        var plain = NetworkDefinition.Named("web");
        var labelled = plain.WithLabel("io.example.team", "a").WithLabels([new("io.example.team", "b"), new("tier", "db")]).AsInternal();

        Assert.Empty(plain.Labels);
        Assert.False(plain.Internal);
        Assert.Equal(new Dictionary<string, string> { ["io.example.team"] = "b", ["tier"] = "db" }, labelled.Labels);
        Assert.True(labelled.Internal);
        Assert.Equal("web", labelled.Name);
    }

    [Fact]
    public void An_invalid_label_key_is_refused()
    {
        Assert.Throws<FormatException>(() => NetworkDefinition.Named("web").WithLabel("", "x"));
    }

    [Fact]
    public void The_engines_labels_fill_in_without_replacing_the_definitions_own()
    {
        var definition = NetworkDefinition.Named("web").WithLabel("io.ociman.session", "mine");

        var labelled = definition.WithDefaultLabels(new Dictionary<string, string> { ["io.ociman.session"] = "engine", ["io.ociman.owner-pid"] = "42" });

        Assert.Equal("mine", labelled.Labels["io.ociman.session"]);
        Assert.Equal("42", labelled.Labels["io.ociman.owner-pid"]);
        Assert.Same(definition, definition.WithDefaultLabels(new Dictionary<string, string>()));
    }
}

public class NetworkArgumentsSpecs
{
    [Fact]
    public void Create_renders_a_bridge_network_with_labels_in_key_order_and_the_name_last()
    {
        var definition = NetworkDefinition.Named("web").WithLabel("z.key", "1").WithLabel("a.key", "two words");

        Assert.Equal(
            ["network", "create", "--driver", "bridge", "--label", "a.key=two words", "--label", "z.key=1", "web"],
            NetworkArguments.Create(definition));
    }

    [Fact]
    public void Create_renders_internal()
    {
        Assert.Equal(["network", "create", "--driver", "bridge", "--internal", "web"], NetworkArguments.Create(NetworkDefinition.Named("web").AsInternal()));
    }

    [Fact]
    public void Remove_never_forces()
    {
        Assert.Equal(["network", "rm", "web"], NetworkArguments.Remove("web"));
    }

    [Fact]
    public void Connect_renders_an_alias_option_per_alias_before_the_network_and_the_container()
    {
        Assert.Equal(["network", "connect", "--alias", "db", "--alias", "postgres", "web", "c1"], NetworkArguments.Connect("web", "c1", ["db", "postgres"]));
        Assert.Equal(["network", "connect", "web", "c1"], NetworkArguments.Connect("web", "c1", []));
    }

    [Fact]
    public void Disconnect_renders_force_when_asked()
    {
        Assert.Equal(["network", "disconnect", "--force", "web", "c1"], NetworkArguments.Disconnect("web", "c1", force: true));
        Assert.Equal(["network", "disconnect", "web", "c1"], NetworkArguments.Disconnect("web", "c1", force: false));
    }

    [Fact]
    public void List_and_attached_containers_filter_as_the_engines_expect()
    {
        Assert.Equal(["network", "ls", "--quiet", "--no-trunc", "--filter", "label=io.ociman.session", "--filter", "label=tier=db"], NetworkArguments.List([new("io.ociman.session", null), new("tier", "db")]));
        Assert.Equal(["container", "list", "--all", "--no-trunc", "--quiet", "--filter", "network=web"], NetworkArguments.AttachedContainers("web"));
        Assert.Equal(["network", "inspect", "a", "b"], NetworkArguments.Inspect(["a", "b"]));
    }
}

public class NetworkInspectionSpecs
{
    // Shapes as Docker 26 and Podman 4.3 print them (trimmed to what is read).
    private const string DockerDocument = """
        {"Name":"web","Id":"a5d5b0014e62","Scope":"local","Driver":"bridge","Internal":true,
         "Containers":{"c1full":{"Name":"one","EndpointID":"e1"},"c2full":{"Name":"two","EndpointID":"e2"}},
         "Labels":{"io.ociman.session":"s1","tier":"db"}}
        """;

    private const string PodmanDocument = """
        {"name":"web","id":"ac26542b4be7","driver":"bridge","network_interface":"podman1","internal":false,"dns_enabled":true,
         "labels":{"io.ociman.session":"s1"}}
        """;

    [Fact]
    public void Dockers_shape_is_read_with_its_containers()
    {
        using var doc = JsonDocument.Parse(DockerDocument);

        var details = CliInspection.ReadNetwork(doc.RootElement);

        Assert.Equal(("a5d5b0014e62", "web", "bridge", true), (details.Id, details.Name, details.Driver, details.Internal));
        Assert.Equal(["c1full", "c2full"], details.ContainerIds.Order());
        Assert.Equal(new Dictionary<string, string> { ["io.ociman.session"] = "s1", ["tier"] = "db" }, details.Labels);
        Assert.True(CliInspection.ListsContainers(doc.RootElement));
    }

    [Fact]
    public void Podmans_own_shape_is_read_with_the_containers_found_separately()
    {
        using var doc = JsonDocument.Parse(PodmanDocument);

        var details = CliInspection.ReadNetwork(doc.RootElement, attached: ["c9full"]);

        Assert.Equal(("ac26542b4be7", "web", "bridge", false), (details.Id, details.Name, details.Driver, details.Internal));
        Assert.Equal(["c9full"], details.ContainerIds);
        Assert.Equal("s1", details.Labels["io.ociman.session"]);
        Assert.False(CliInspection.ListsContainers(doc.RootElement));
        Assert.Equal(JsonValueKind.Object, details.Raw.ValueKind);
    }

    [Fact]
    public void A_document_without_containers_or_labels_reads_as_empty()
    {
        using var doc = JsonDocument.Parse("""{"Name":"web","Id":"x","Labels":null}""");

        var details = CliInspection.ReadNetwork(doc.RootElement);

        Assert.Empty(details.ContainerIds);
        Assert.Empty(details.Labels);
        Assert.Equal(string.Empty, details.Driver);
    }
}
