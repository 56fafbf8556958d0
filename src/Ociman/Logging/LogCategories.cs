namespace Ociman.Logging;

/// <summary>The fixed logger categories of the engine API.</summary>
internal static class LogCategories
{
    /// <summary>Engine detection, lifecycle and builds.</summary>
    public const string Engine = "Ociman.Engine";

    /// <summary>Each engine command or request, at Debug.</summary>
    public const string Command = "Ociman.Command";
}
