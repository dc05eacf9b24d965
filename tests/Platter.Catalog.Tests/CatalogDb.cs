using System.Security.Cryptography;
using System.Text;
using Microsoft.Data.Sqlite;
using Platter.Storage;

namespace Platter.Catalog.Tests;

/// <summary>A plain Microsoft.Data.Sqlite connection to an imported catalog, to check what a reader sees.</summary>
internal sealed class CatalogDb : IDisposable
{
    private readonly SqliteConnection _connection;

    public CatalogDb(string path)
    {
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false, Mode = SqliteOpenMode.ReadOnly }.ToString());
        _connection.Open();
    }

    public void Dispose() => _connection.Dispose();

    /// <summary>Rows in a table; -1 when the table does not exist.</summary>
    public long Count(string table) => TableExists(table) ? (long)Scalar($"SELECT count(*) FROM \"{table}\"")! : -1;

    /// <summary>Row counts of every catalog table of the schema that holds rows of <paramref name="entity"/>.</summary>
    public Dictionary<string, long> Counts(Platter.Core.EntityKind entity) =>
        CatalogSchema.TablesOf(entity).ToDictionary(t => t.Name, t => Count(t.Name));

    public bool TableExists(string name) =>
        Scalar("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = $n", ("$n", name)) is 1L;

    public object? Scalar(string sql, params (string Name, object Value)[] parameters)
    {
        using var cmd = Command(sql, parameters);
        return cmd.ExecuteScalar();
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
                row[i] = r.IsDBNull(i) ? null : r.GetValue(i);
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
        var row = Enumerable.Range(0, r.FieldCount).ToDictionary(r.GetName, i => r.IsDBNull(i) ? null : r.GetValue(i));
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
        var tables = Rows("SELECT name FROM sqlite_master WHERE type = 'table'").Select(r => (string)r[0]!).ToList();
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

    private SqliteCommand Command(string sql, (string Name, object Value)[] parameters)
    {
        var cmd = _connection.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            cmd.Parameters.AddWithValue(name, value);
        }

        return cmd;
    }
}
