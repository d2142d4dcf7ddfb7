global using Microsoft.Extensions.Logging;
global using Orleans;
global using Orleans.Runtime;
