using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Npgsql;
using Platter.Storage;

namespace Platter.Catalog.Tests;

/// <summary>
/// A plain connection to an imported catalog (Microsoft.Data.Sqlite for a file, Npgsql for a
/// PostgreSQL connection string), to check what a reader sees. PostgreSQL's smaller integers and
/// booleans read as the SQLite store's 64-bit integers, and <c>$name</c> parameters work on both,
/// so one test's expectations hold for either store.
/// </summary>
internal sealed partial class CatalogDb : IDisposable
{
    private readonly DbConnection _connection;
    private readonly bool _postgres;

    public CatalogDb(string db)
    {
        _postgres = CatalogStore.IsPostgres(db);
        _connection = _postgres
            ? new NpgsqlConnection(db)
            : new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = db, Pooling = false, Mode = SqliteOpenMode.ReadOnly }.ToString());
        _connection.Open();
    }

    public void Dispose() => _connection.Dispose();

    /// <summary>Rows in a table; -1 when the table does not exist.</summary>
    public long Count(string table) => TableExists(table) ? (long)Scalar($"SELECT count(*) FROM \"{table}\"")! : -1;

    /// <summary>Row counts of every catalog table of the schema that holds rows of <paramref name="entity"/>.</summary>
    public Dictionary<string, long> Counts(Platter.Core.EntityKind entity) =>
        CatalogSchema.TablesOf(entity).ToDictionary(t => t.Name, t => Count(t.Name));

    public bool TableExists(string name) => _postgres
        ? Scalar("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() AND tablename = $n", ("$n", name)) is 1L
        : Scalar("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $n", ("$n", name)) is 1L;

    public object? Scalar(string sql, params (string Name, object Value)[] parameters)
    {
        using var cmd = Command(sql, parameters);
        return Value(cmd.ExecuteScalar());
    }

    /// <summary>Every row of a query, each as its column values (DBNull read as null).</summary>
    public List<object?[]> Rows(string sql, params (string Name, object Value)[] parameters)
    {
        using var cmd = Command(sql, parameters);
        using var r = cmd.ExecuteReader();
        var rows = new List<object?[]>();
        while (r.Read())
        {
            var row = new object?[r.FieldCount];
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = Value(r.GetValue(i));
            }

            rows.Add(row);
        }

        return rows;
    }

    /// <summary>One row of a query, as named column values.</summary>
    public Dictionary<string, object?> Row(string sql, params (string Name, object Value)[] parameters)
    {
        using var cmd = Command(sql, parameters);
        using var r = cmd.ExecuteReader();
        Assert.True(r.Read(), "no row for: " + sql);
        var row = Enumerable.Range(0, r.FieldCount).ToDictionary(r.GetName, i => Value(r.GetValue(i)));
        Assert.False(r.Read(), "more than one row for: " + sql);
        return row;
    }

    /// <summary>
    /// A SHA-256 over every row of every catalog table and of <c>import_run</c>, in key order: equal
    /// hashes mean a reader sees exactly the same content.
    /// </summary>
    public string ContentHash()
    {
        var text = new StringBuilder();
        var tables = CatalogSchema.Tables.Select(t => (t.Name, Key: string.Join(", ", t.PrimaryKey.Select(k => '"' + k + '"'))))
            .Append(("import_run", "id"))
            .Append(("import_warning", "run_id, position"));
        foreach (var (name, key) in tables)
        {
            text.Append("# ").Append(name).Append('\n');
            if (!TableExists(name))
            {
                continue;
            }

            foreach (var row in Rows($"SELECT * FROM \"{name}\" ORDER BY {key}"))
            {
                text.AppendJoin('\u001f', row.Select(v => v switch { null => "\u2400", byte[] b => Convert.ToHexString(b), _ => Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture) })).Append('\n');
            }
        }

        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    /// <summary>Every text value stored anywhere in the database, for "this never got in" checks.</summary>
    public IEnumerable<string> AllText()
    {
        var tables = Rows(_postgres ? "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()" : "SELECT name FROM sqlite_master WHERE type = 'table'").Select(r => (string)r[0]!).ToList();
        foreach (var t in tables)
        {
            foreach (var row in Rows($"SELECT * FROM \"{t}\""))
            {
                foreach (var v in row.OfType<string>())
                {
                    yield return v;
                }
            }
        }
    }

    private DbCommand Command(string sql, (string Name, object Value)[] parameters)
    {
        var cmd = _connection.CreateCommand();
        cmd.CommandText = _postgres ? Parameter().Replace(sql, "@$1") : sql;
        foreach (var (name, value) in parameters)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = _postgres ? name.TrimStart('$') : name;
            p.Value = value;
            cmd.Parameters.Add(p);
        }

        return cmd;
    }

    // As the SQLite store gives values back: PostgreSQL's sums (numeric) as integers, its dates and times as ISO text.
    private static object? Value(object? value) => CatalogStore.Normalise(value) switch
    {
        decimal d when d == decimal.Truncate(d) => (long)d,
        DateOnly d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        DateTime { TimeOfDay.Ticks: 0, Kind: DateTimeKind.Unspecified } d => d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        DateTime d => d.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
        var v => v,
    };

    [GeneratedRegex(@"\$([A-Za-z_]\w*)")]
    private static partial Regex Parameter();
}
