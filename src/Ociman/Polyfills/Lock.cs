#if !NET9_0_OR_GREATER
namespace System.Threading;

/// <summary>
/// On .NET 8, where <c>System.Threading.Lock</c> does not exist, the same shape over a monitor, so the
/// <c>private readonly Lock _gate = new();</c> fields and their <c>lock</c> statements compile on every target
/// framework (the compiler turns <c>lock</c> on a <c>Lock</c> into <see cref="EnterScope"/>). Ociman.Testing sees it
/// through InternalsVisibleTo.
/// </summary>
internal sealed class Lock
{
    private readonly object _monitor = new();

    /// <summary>Enters the lock; disposing the scope leaves it.</summary>
    public Scope EnterScope()
    {
        Monitor.Enter(_monitor);
        return new Scope(_monitor);
    }

    /// <summary>A held <see cref="Lock"/>.</summary>
    public readonly ref struct Scope
    {
        private readonly object _monitor;

        internal Scope(object monitor) => _monitor = monitor;

        /// <summary>Leaves the lock.</summary>
        public void Dispose() => Monitor.Exit(_monitor);
    }
}
#endif
