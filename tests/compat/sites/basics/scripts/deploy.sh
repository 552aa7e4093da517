#!/bin/sh
echo excluded
