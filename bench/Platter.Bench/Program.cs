Console.WriteLine("usage: dotnet run -c Release --project bench/Platter.Bench -- <benchmark>");
