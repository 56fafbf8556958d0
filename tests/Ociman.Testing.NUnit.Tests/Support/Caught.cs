using System.Diagnostics;
using NUnit.Framework;

namespace Ociman.Testing.NUnit.Tests;

/// <summary>
/// The exception an async action throws, the same way on NUnit 4 and 5: NUnit 4's <c>Assert.ThrowsAsync</c> blocks and
/// returns the exception, NUnit 5's returns a task of it, so code calling it compiles on only one of them.
/// </summary>
public static class Caught
{
    /// <summary>Awaits <paramref name="action"/> and returns what it threw; fails the test unless it threw exactly a <typeparamref name="TException"/>.</summary>
    public static async Task<TException> ExactlyAsync<TException>(Func<Task> action)
        where TException : Exception
    {
        ArgumentNullException.ThrowIfNull(action);
        try
        {
            await action();
        }
#pragma warning disable CA1031 // Any exception is caught to compare its type with the expected one.
        catch (Exception thrown)
#pragma warning restore CA1031
        {
            Assert.That(thrown, Is.TypeOf<TException>(), "the exception thrown");
            return (TException)thrown;
        }

        Assert.Fail($"expected a {typeof(TException).Name}, but nothing was thrown");
        throw new UnreachableException();
    }
}
