using Ociman.Transport;

namespace Ociman.Tests.Transport;

public class ExitEventsSpecs
{
    private const string Id = "92df2fe4e4f13f8eb07bb61a6fa2c00ca00dc941429a7910bcd003c226e9d013";

    [Fact]
    public void Since_is_whole_unix_seconds_and_never_before_one()
    {
        Assert.Equal("1764000000", ExitEvents.Since(DateTimeOffset.FromUnixTimeMilliseconds(1_764_000_000_999)));
        Assert.Equal("1", ExitEvents.Since(DateTimeOffset.UnixEpoch));
        Assert.Equal("1", ExitEvents.Since(DateTimeOffset.UnixEpoch - TimeSpan.FromDays(1)));
    }

    [Theory]
    [InlineData("42", 42)]
    [InlineData(" 137 \r", 137)]
    [InlineData("-1", -1)]
    [InlineData("", null)]
    [InlineData("<no value>", null)]
    [InlineData("exit 3", null)]
    public void A_cli_line_is_an_exit_code_or_nothing(string line, int? expected) =>
        Assert.Equal(expected, ExitEvents.ParseCliLine(line));

    [Fact]
    public void The_api_path_filters_the_container_and_its_die_events()
    {
        var path = ExitEvents.ApiPath("abc", DateTimeOffset.FromUnixTimeSeconds(1_764_000_000));

        Assert.Equal("/events?since=1764000000&filters=" + Uri.EscapeDataString("{\"container\":[\"abc\"],\"event\":[\"die\"]}"), path);
    }

    [Fact]
    public void A_die_message_of_the_container_gives_its_exit_code()
    {
        var message = $$$"""{"status":"die","id":"{{{Id}}}","from":"bb","Type":"container","Action":"die","Actor":{"ID":"{{{Id}}}","Attributes":{"exitCode":"42","image":"bb","name":"x"}},"scope":"local","time":1764586698,"timeNano":1764586698692229916}""";

        Assert.Equal(42, ExitEvents.ParseApiMessage(message, Id));
    }

    [Fact]
    public void A_message_of_the_older_shape_without_Action_is_read_too()
    {
        var message = """{"status":"die","id":"ID","Actor":{"Attributes":{"exitCode":"3"}}}""";

        Assert.Equal(3, ExitEvents.ParseApiMessage(message, "ID"));
    }

    [Theory]
    [InlineData("""{"Action":"die","Actor":{"ID":"other","Attributes":{"exitCode":"1"}}}""")]
    [InlineData("""{"Action":"destroy","Actor":{"ID":"ID","Attributes":{}}}""")]
    [InlineData("""{"Action":"die","Actor":{"ID":"ID","Attributes":{}}}""")]
    [InlineData("""{"Action":"die","Actor":{"ID":"ID"}}""")]
    [InlineData("""{"Action":"die"}""")]
    [InlineData("""[1,2]""")]
    [InlineData("""{"Action":""")]
    [InlineData("   ")]
    public void Anything_else_gives_nothing(string message) =>
        Assert.Null(ExitEvents.ParseApiMessage(message, "ID"));
}
