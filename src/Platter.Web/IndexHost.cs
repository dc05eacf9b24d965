using Platter.Index;

namespace Platter.Web;

/// <summary>
/// The index the site answers from. A rebuild (by <c>platter index</c>, or an import) is noticed
/// within <see cref="SiteOptions.IndexCheckInterval"/> and loaded beside the old one, which
/// keeps answering until the new one is ready, so requests never wait for a load.
/// </summary>
public sealed class IndexHost
{
    private readonly SiteOptions _options;
    private readonly Lock _lock = new();
    private TagIndex? _index;
    private string? _problem;
    private long _lastCheck;
    private Task? _loading;

    /// <summary>Creates the host and loads the index there is (or notes why there is none).</summary>
    public IndexHost(SiteOptions options)
    {
        _options = options;
        Load();
    }

    /// <summary>The index, or null with <see cref="Problem"/> saying why and what to run.</summary>
    public TagIndex? Current
    {
        get
        {
            MaybeReload();
            return _index;
        }
    }

    /// <summary>Why there is no index (null when there is one).</summary>
    public string? Problem => _index is null ? _problem : null;

    /// <summary>The SQLite file of the index.</summary>
    public string DatabasePath => _options.DatabasePath;

    /// <summary>The catalog served, as a user may be shown it.</summary>
    public string Shown => _options.Shown;

    /// <summary>Loads the current generation now, waiting for it (tests, and after a failed page read).</summary>
    public void Reload() => Load();

    private void MaybeReload()
    {
        var now = Environment.TickCount64;
        if (now - Interlocked.Read(ref _lastCheck) < _options.IndexCheckInterval.TotalMilliseconds)
        {
            return;
        }

        lock (_lock)
        {
            if (now - _lastCheck < _options.IndexCheckInterval.TotalMilliseconds || _loading is { IsCompleted: false })
            {
                return;
            }

            _lastCheck = now;
            _loading = Task.Run(() =>
            {
                long generation;
                try
                {
                    generation = TagIndex.CurrentGeneration(_options.DatabasePath);
                }
                catch (Microsoft.Data.Sqlite.SqliteException)
                {
                    return; // the database is busy or being replaced; look again next time
                }

                if (generation != (_index?.Generation ?? 0) || (_index is null && generation == 0))
                {
                    Load();
                }
            });
        }
    }

    private void Load()
    {
        try
        {
            var index = TagIndex.Open(_options.DatabasePath, _options.Catalog ?? _options.DatabasePath);
            _index = index;
            _problem = null;
        }
        catch (IndexException e)
        {
            if (_index is null)
            {
                _problem = e.Message;
            }
        }
        catch (Microsoft.Data.Sqlite.SqliteException e)
        {
            if (_index is null)
            {
                _problem = $"The database {_options.DatabasePath} cannot be read: {e.Message}";
            }
        }
    }
}
