namespace Platter.Testing;

/// <summary>Base of test classes that write files: each test gets its own <see cref="TempFolder"/>, deleted after it.</summary>
public abstract class TempFolderTest : IDisposable
{
    /// <summary>This test's folder.</summary>
    protected TempFolder Dir { get; } = new();

    /// <inheritdoc/>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Deletes the folder.</summary>
    protected virtual void Dispose(bool disposing)
    {
        if (disposing)
        {
            Dir.Dispose();
        }
    }
}
