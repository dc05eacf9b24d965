using Microsoft.Data.Sqlite;

namespace Platter.Testing;

/// <summary>Reads a database file the way a test checks it: on a connection of its own, read-only, not pooled.</summary>
public static class SqliteRead
{
    /// <summary>The first column of every row of <paramref name="sql"/>, as text.</summary>
    public static List<string> Column(string database, string sql)
    {
        using var connection = Open(database);
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        using var r = cmd.ExecuteReader();
        var rows = new List<string>();
        while (r.Read())
        {
            rows.Add(r.GetString(0));
        }

        return rows;
    }

    /// <summary>The single integer <paramref name="sql"/> returns.</summary>
    public static long Number(string database, string sql)
    {
        using var connection = Open(database);
        using var cmd = connection.CreateCommand();
        cmd.CommandText = sql;
        return (long)cmd.ExecuteScalar()!;
    }

    private static SqliteConnection Open(string database)
    {
        var connection = new SqliteConnection($"Data Source={database};Mode=ReadOnly;Pooling=False");
        connection.Open();
        return connection;
    }
}
