using Platter.Testing;

namespace Platter.Catalog.Tests;

/// <summary>
/// Base of the import tests that every store must pass. A test asks <see cref="NewDb"/> for a
/// catalog: an SQLite file in its folder, or, in the <c>Postgres…</c> subclasses, a new empty
/// database on the test run's real PostgreSQL server (<see cref="LocalPostgres.Shared"/>), dropped
/// after the test.
/// </summary>
public abstract class CatalogStoreTest : TempFolderTest
{
    private readonly List<string> _databases = [];

    /// <summary>Creates the test for the SQLite store, or with <paramref name="postgres"/> for PostgreSQL.</summary>
    protected CatalogStoreTest(bool postgres)
    {
        Postgres = postgres;
    }

    /// <summary>True when the test runs on PostgreSQL.</summary>
    protected bool Postgres { get; }

    /// <summary>A new, empty catalog: the <c>--db</c> value for it.</summary>
    protected string NewDb(string name = "catalog.db")
    {
        if (!Postgres)
        {
            return Dir.File(name);
        }

        var db = LocalPostgres.Shared.CreateDatabase();
        _databases.Add(db);
        return db;
    }

    /// <inheritdoc/>
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var db in _databases)
            {
                LocalPostgres.Shared.DropDatabase(db);
            }
        }

        base.Dispose(disposing);
    }
}
