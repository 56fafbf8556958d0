namespace Ociman.Testing;

/// <summary>How text from containers and callers (log lines, search text, commands) is shown in messages.</summary>
internal static class MessageText
{
    /// <summary>
    /// Escapes control characters as the value types' messages do (<c>\n</c>, <c>\t</c>, <c>\u001b</c>…), without the
    /// quotes, so a log line or a search text cannot break a message's lines or drive a terminal.
    /// </summary>
    public static string Escape(string text) => ValueText.Quote(text)[1..^1];
}
