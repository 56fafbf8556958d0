using System.Text;
using Ociman.Transport.Api;

namespace Ociman.Tests.Transport.Api;

public class LogLineSplitterSpecs
{
    [Fact]
    public void Lines_split_across_chunks_are_joined_and_each_stream_keeps_its_own_partial_line()
    {
        var splitter = new LogLineSplitter();

        var first = splitter.Add(LogSource.StandardOutput, "hel"u8);
        var second = splitter.Add(LogSource.StandardError, "oops\r\nwar"u8);
        var third = splitter.Add(LogSource.StandardOutput, "lo\nworld\n"u8);
        var rest = splitter.Flush();

        Assert.Empty(first);
        Assert.Equal([new ContainerLogLine(LogSource.StandardError, "oops")], second);
        Assert.Equal([new ContainerLogLine(LogSource.StandardOutput, "hello"), new ContainerLogLine(LogSource.StandardOutput, "world")], third);
        Assert.Equal([new ContainerLogLine(LogSource.StandardError, "war")], rest);
    }

    [Fact]
    public void A_multibyte_character_split_between_chunks_decodes_whole()
    {
        var splitter = new LogLineSplitter();
        var bytes = Encoding.UTF8.GetBytes("grüße\n");

        Assert.Empty(splitter.Add(LogSource.StandardOutput, bytes.AsSpan(0, 3)));
        var lines = splitter.Add(LogSource.StandardOutput, bytes.AsSpan(3));

        Assert.Equal("grüße", Assert.Single(lines).Text);
    }
}
