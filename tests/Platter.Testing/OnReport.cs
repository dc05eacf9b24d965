namespace Platter.Testing;

/// <summary>Progress that runs <paramref name="action"/> on the reporting thread, in order (unlike <see cref="Progress{T}"/>), so a test can inject a fault at an exact step.</summary>
public sealed class OnReport<T>(Action<T> action) : IProgress<T>
{
    /// <inheritdoc/>
    public void Report(T value) => action(value);
}
