namespace Ociman;

/// <summary>A line of progress the engine printed during long work (a build or a pull), as it came.</summary>
public sealed class EngineProgress
{
    internal EngineProgress(string operation, string subject, string line, TimeSpan elapsed)
    {
        Operation = operation;
        Subject = subject;
        Line = line;
        Elapsed = elapsed;
    }

    /// <summary>The operation, e.g. <c>image build</c> or <c>image pull</c>.</summary>
    public string Operation { get; }

    /// <summary>What it is about: the image reference being built or pulled.</summary>
    public string Subject { get; }

    /// <summary>The engine's line, without its line break (BuildKit's <c>#5 [2/3] RUN …</c>, Podman's <c>STEP 2/3: RUN …</c>, a pull's layer status).</summary>
    public string Line { get; }

    /// <summary>How long the operation had run when the line came.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>The operation, subject and line.</summary>
    public override string ToString() => $"{Operation} {Subject}: {Line}";
}
